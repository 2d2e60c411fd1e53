import 'reflect-metadata';
import { isObjectType } from 'graphql';
import { Authorized, buildSchema, Field, ObjectType, Query, Resolver } from 'type-graphql';
import { assertNoGuardedSimpleField } from './simple-fields';

@ObjectType({ simpleResolvers: true })
class Plain {
  @Field()
  open!: string;
}

@ObjectType({ simpleResolvers: true })
class Guarded {
  @Field()
  open!: string;

  @Authorized('leads:read')
  @Field()
  secret!: string;
}

@ObjectType({ simpleResolvers: true })
class GuardedOptOut {
  @Authorized('leads:read')
  @Field({ simple: false })
  secret!: string;
}

@Resolver()
class TestResolver {
  @Query(() => Plain)
  plain(): Plain {
    return { open: 'x' };
  }

  @Query(() => Guarded)
  guarded(): Guarded {
    return { open: 'x', secret: 'y' };
  }

  @Query(() => GuardedOptOut)
  optOut(): GuardedOptOut {
    return { secret: 'y' };
  }
}

describe(assertNoGuardedSimpleField.name, () => {
  it('refuses a simple field whose @Authorized would be skipped, and accepts one that opts out', async () => {
    const schema = await buildSchema({ resolvers: [TestResolver], authChecker: () => true, validate: false });
    expect(() => assertNoGuardedSimpleField(schema)).toThrow('Guarded.secret is a simple field');
    const optOut = schema.getType('GuardedOptOut');
    expect(isObjectType(optOut) && optOut.getFields().secret?.resolve).toBeInstanceOf(Function);
  });
});
